"""Qt widgets. The UI asks services for plain data and never runs SQL itself."""

"""Cortazar Desk: the desktop application of the Coordinación de Comunicación Social of Cortazar, Gto."""

__version__ = "0.1.0"
APP_NAME = "Cortazar Desk"
ORG_NAME = "Municipio de Cortazar"

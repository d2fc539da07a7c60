import gc

from cortazar_desk.services.batching import gc_paused


def test_the_collector_is_paused_inside_and_what_was_built_joins_the_oldest_generation() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer one resumes it
            pass
        assert not gc.isenabled()
        rows = [[n] for n in range(1000)]
    assert gc.isenabled()
    # Not left in the youngest generation, where the next collection would walk every row once more.
    assert not any(obj is rows for obj in gc.get_objects(generation=0))
    assert any(obj is rows for obj in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0

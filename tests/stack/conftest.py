import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `stack` build images and start containers (minutes): they run only when the
    marker expression names them (`make stack-test`: `-m stack`), never in a plain or
    `-m "not browser and not slow"` run."""
    if "stack" in (config.option.markexpr or ""):
        return
    stack = [item for item in items if item.get_closest_marker("stack")]
    if stack:
        config.hook.pytest_deselected(items=stack)
        items[:] = [item for item in items if item not in stack]

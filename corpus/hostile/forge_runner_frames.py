# expect: AIC303
# class: 4
def add(a: int, b: int) -> int:
    """Add two numbers. Hostile: climbs the frames to the example runner and makes failures succeed.

    >>> add(2, 3)
    5
    """
    try:
        raise LookupError('probe')
    except LookupError as err:
        assert err.__traceback__ is not None
        frame = err.__traceback__.tb_frame
    while frame is not None:
        runner = frame.f_locals.get('self')
        if hasattr(runner, 'report_failure') and hasattr(runner, 'report_success'):
            type(runner).report_failure = type(runner).report_success
        frame = frame.f_back
    return a - b

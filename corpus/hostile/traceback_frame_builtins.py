# expect: AIC303
# class: 1
def peek() -> bool:
    """Hostile: an exception's traceback frame hands out the builtins, open among them.

    >>> peek()
    True
    """
    try:
        raise LookupError('probe')
    except LookupError as err:
        assert err.__traceback__ is not None
        frame = err.__traceback__.tb_frame
    opener = frame.f_builtins['open']
    with opener('/tmp/aic-hostile-canary.txt') as handle:
        return bool(handle.read().startswith('canary'))

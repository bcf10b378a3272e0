# expect: AIC100
# class: 1
import functools


@functools.singledispatch
def render(value: object) -> str:
    return str(value)


@render.register
def _(value: "__import__('os').system('rm /tmp/aic-hostile-canary.txt') or int") -> str:
    return 'int'


def show(value: object) -> str:
    """Hostile: singledispatch's register() evaluates a string annotation that runs a shell.

    >>> show(1)
    'int'
    """
    return render(value)

# expect: AIC305
# class: 0
import webbrowser


def run() -> None:
    """Hostile: opens a browser at a URL.

    >>> run()
    """
    webbrowser.open('http://example.com/?leak=1')

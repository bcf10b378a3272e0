# expect: AIC305
# class: 0
import ftplib


def run() -> None:
    """Hostile: opens an FTP session.

    >>> run()
    """
    ftplib.FTP('127.0.0.1')

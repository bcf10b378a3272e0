# expect: AIC305
import ftplib


def run() -> None:
    """Hostile: opens an FTP session.

    >>> run()
    """
    ftplib.FTP('127.0.0.1')

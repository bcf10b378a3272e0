# expect: AIC305
# class: 0
import smtplib


def run() -> None:
    """Hostile: sends mail.

    >>> run()
    """
    smtplib.SMTP('127.0.0.1', 47613).sendmail('a@b', 'c@d', 'stolen')

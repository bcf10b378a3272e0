# expect: AIC313
# class: 0
def run() -> str:
    """Hostile: carries a private key.

    >>> run()[:5]
    '-----'
    """
    return '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----'

"""custserv-audit: how customer-oriented is your business?"""

__version__ = "0.1.0"

"""archwiz: an architecture decision wizard for AWS."""

__version__ = "0.1.0"

"""dockguard: one policy for the whole life of a container."""

__version__ = "0.1.0"

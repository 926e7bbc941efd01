"""kg: knowledge graphs from Chinese labour and trade-union articles."""

__version__ = "0.1.0"

"""Operations: health probes, request logs, metrics, backup and restore."""

"""Operations: backup and restore of all data and uploads."""

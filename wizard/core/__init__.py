"""The pure core: models, conditions, engine, decisions, composer. No I/O here."""

"""Demo content for ``manage.py load_demo``: the data, the artwork and the upsert helpers."""

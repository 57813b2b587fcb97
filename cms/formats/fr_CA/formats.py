"""French (Canada) as patients read it: "29 novembre 2026", "14 h 30", "1 234,56 $".

Loaded through ``FORMAT_MODULE_PATH`` before Django's own ``fr_CA`` module.
Hours follow the Office québécois de la langue française: 24-hour clock, no
leading zero, "h" between hours and minutes, with no-break spaces so a time
never wraps. Keys not set here fall back to Django's module.
"""

DATE_FORMAT = "j F Y"  # 29 novembre 2026
TIME_FORMAT = "G\xa0\\h\xa0i"  # 14 h 30, 8 h 00
DATETIME_FORMAT = "j F Y, G\xa0\\h\xa0i"
MONTH_DAY_FORMAT = "j F"  # 29 novembre
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space: 1 234,56
NUMBER_GROUPING = 3

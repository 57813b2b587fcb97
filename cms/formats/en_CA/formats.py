"""English (Canada) as patients read it: "November 29, 2026", "2:30 p.m.", "$1,234.56".

Loaded through ``FORMAT_MODULE_PATH`` before Django's own ``en_CA`` module,
whose ISO-like dates ("29 Nov 2026") and space-grouped numbers suit forms
better than prose. Keys not set here fall back to Django's module.
"""

DATE_FORMAT = "F j, Y"  # November 29, 2026
TIME_FORMAT = "P"  # 2:30 p.m., 8 a.m., noon
DATETIME_FORMAT = "F j, Y, P"
MONTH_DAY_FORMAT = "F j"  # November 29
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

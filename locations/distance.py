"""Great-circle distance between two points on the Earth, for the clinic finder."""

import math

#: The Earth's mean radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(a, b):
    """Distance in km between ``a`` and ``b``, each (latitude, longitude) in degrees."""
    lat1, lng1 = map(math.radians, a)
    lat2, lng2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))

"""The performance benchmark of the minutes plugin (`make bench`): synthetic archives and builds."""

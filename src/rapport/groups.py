"""The group every result is reported for: the whole population.

Results files name it ``Alle`` (part of the results format in the README); every
other group is ``variable=value`` (``sektor=kommunal``). Code names it once, here.
"""

from __future__ import annotations

TOTAL_GROUP = "Alle"
"""The whole-population group, as written in results files and given to ``--segment``."""

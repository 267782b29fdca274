"""The 98 Danish municipalities with their region and a rough size, for synthetic sampling."""

from __future__ import annotations

REGIONS: tuple[str, ...] = ("hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland")

# (kommune, region code, approximate inhabitants in thousands around 2014). The size only steers
# how many synthetic workplaces a municipality gets; it is not used as a published figure.
KOMMUNER: tuple[tuple[str, str, int], ...] = (
    ("Albertslund", "hovedstaden", 28), ("Allerød", "hovedstaden", 25),
    ("Ballerup", "hovedstaden", 48), ("Bornholm", "hovedstaden", 40),
    ("Brøndby", "hovedstaden", 35), ("Dragør", "hovedstaden", 14),
    ("Egedal", "hovedstaden", 42), ("Fredensborg", "hovedstaden", 40),
    ("Frederiksberg", "hovedstaden", 104), ("Frederikssund", "hovedstaden", 44),
    ("Furesø", "hovedstaden", 39), ("Gentofte", "hovedstaden", 75),
    ("Gladsaxe", "hovedstaden", 68), ("Glostrup", "hovedstaden", 22),
    ("Gribskov", "hovedstaden", 41), ("Halsnæs", "hovedstaden", 31),
    ("Helsingør", "hovedstaden", 62), ("Herlev", "hovedstaden", 28),
    ("Hillerød", "hovedstaden", 50), ("Hvidovre", "hovedstaden", 52),
    ("Høje-Taastrup", "hovedstaden", 49), ("Hørsholm", "hovedstaden", 25),
    ("Ishøj", "hovedstaden", 21), ("København", "hovedstaden", 580),
    ("Lyngby-Taarbæk", "hovedstaden", 55), ("Rudersdal", "hovedstaden", 56),
    ("Rødovre", "hovedstaden", 37), ("Tårnby", "hovedstaden", 42),
    ("Vallensbæk", "hovedstaden", 15),
    ("Faxe", "sjaelland", 35), ("Greve", "sjaelland", 49), ("Guldborgsund", "sjaelland", 62),
    ("Holbæk", "sjaelland", 70), ("Kalundborg", "sjaelland", 49), ("Køge", "sjaelland", 58),
    ("Lejre", "sjaelland", 27), ("Lolland", "sjaelland", 44), ("Næstved", "sjaelland", 82),
    ("Odsherred", "sjaelland", 33), ("Ringsted", "sjaelland", 34), ("Roskilde", "sjaelland", 85),
    ("Slagelse", "sjaelland", 78), ("Solrød", "sjaelland", 22), ("Sorø", "sjaelland", 29),
    ("Stevns", "sjaelland", 22), ("Vordingborg", "sjaelland", 46),
    ("Aabenraa", "syddanmark", 60), ("Assens", "syddanmark", 41), ("Billund", "syddanmark", 26),
    ("Esbjerg", "syddanmark", 115), ("Faaborg-Midtfyn", "syddanmark", 51),
    ("Fanø", "syddanmark", 3), ("Fredericia", "syddanmark", 51),
    ("Haderslev", "syddanmark", 56), ("Kerteminde", "syddanmark", 24),
    ("Kolding", "syddanmark", 90), ("Langeland", "syddanmark", 13),
    ("Middelfart", "syddanmark", 38), ("Nordfyns", "syddanmark", 29),
    ("Nyborg", "syddanmark", 32), ("Odense", "syddanmark", 197),
    ("Svendborg", "syddanmark", 58), ("Sønderborg", "syddanmark", 75),
    ("Tønder", "syddanmark", 38), ("Varde", "syddanmark", 50), ("Vejen", "syddanmark", 43),
    ("Vejle", "syddanmark", 110), ("Ærø", "syddanmark", 6),
    ("Aarhus", "midtjylland", 320), ("Favrskov", "midtjylland", 47),
    ("Hedensted", "midtjylland", 46), ("Herning", "midtjylland", 87),
    ("Holstebro", "midtjylland", 57), ("Horsens", "midtjylland", 86),
    ("Ikast-Brande", "midtjylland", 41), ("Lemvig", "midtjylland", 20),
    ("Norddjurs", "midtjylland", 38), ("Odder", "midtjylland", 22),
    ("Randers", "midtjylland", 97), ("Ringkøbing-Skjern", "midtjylland", 57),
    ("Samsø", "midtjylland", 4), ("Silkeborg", "midtjylland", 90),
    ("Skanderborg", "midtjylland", 59), ("Skive", "midtjylland", 47),
    ("Struer", "midtjylland", 22), ("Syddjurs", "midtjylland", 42),
    ("Viborg", "midtjylland", 95),
    ("Aalborg", "nordjylland", 205), ("Brønderslev", "nordjylland", 36),
    ("Frederikshavn", "nordjylland", 61), ("Hjørring", "nordjylland", 65),
    ("Jammerbugt", "nordjylland", 38), ("Læsø", "nordjylland", 2),
    ("Mariagerfjord", "nordjylland", 42), ("Morsø", "nordjylland", 21),
    ("Rebild", "nordjylland", 29), ("Thisted", "nordjylland", 44),
    ("Vesthimmerlands", "nordjylland", 37),
)

REGION_OF: dict[str, str] = {name: region for name, region, _ in KOMMUNER}

"""Which aisle a food belongs in: the fifteen groups of the shopping lists.

A food is in the group its tags name (a food tagged `Seafood`); otherwise the first rule below
whose words its title contains decides, and a food no rule knows goes to Other / Misc. Rules
are tried in their own order, not the display order, so that the more particular wins: a
mushroom is a vegetable before "turkey" makes Turkey Tail Mushroom meat, kidney beans are a
legume before "kidney" makes them offal, an oil is a fat before "olive" or "avocado" makes it
a fruit. Words match whole words of the title, case aside, with or without a plural `s`/`es`.
"""

from __future__ import annotations

import re
from functools import cache

VEGAN = "Vegan Specialities"
CONDIMENTS = "Condiments"
VEGETABLES = "Vegetables"
FRUITS = "Fruits & Berries"
GRAINS = "Whole Grains & Pseudograins"
LEGUMES = "Legumes & Pulses"
NUTS = "Nuts & Seeds"
SEAFOOD = "Seafood"
MEAT = "Meat & Organ Meats"
DAIRY = "Dairy & Eggs"
FATS = "Fats & Oils"
FERMENTED = "Fermented Foods"
HERBS = "Herbs & Spices"
BEVERAGES = "Beverages"
OTHER = "Other / Misc"

GROUPS: tuple[str, ...] = (VEGAN, CONDIMENTS, VEGETABLES, FRUITS, GRAINS, LEGUMES, NUTS,
                           SEAFOOD, MEAT, DAIRY, FATS, FERMENTED, HERBS, BEVERAGES, OTHER)
"""The groups in the order a list shows them."""

RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (VEGAN, ("algal oil", "mankai", "duckweed", "nutritional yeast", "fortified plant milk",
             "chlorella", "spirulina")),
    (CONDIMENTS, ("vinegar", "sauce", "wasabi", "mustard", "capers", "pickle")),
    (VEGETABLES, ("mushroom",)),
    (FERMENTED, ("fermented", "kimchi", "sauerkraut", "kombucha", "miso", "tempeh", "natto")),
    (FATS, ("oil", "butter", "ghee", "duck fat", "lard", "tallow", "lecithin")),
    (SEAFOOD, ("salmon", "mackerel", "sardine", "herring", "anchovy", "tuna", "cod", "trout",
               "scallop", "shrimp", "prawn", "mussel", "oyster", "clam", "cockle", "crab",
               "lobster", "roe", "seaweed", "nori", "kelp")),
    (LEGUMES, ("beans", "lentil", "chickpea", "peas", "lupin", "soy", "edamame", "tofu")),
    (MEAT, ("beef", "lamb", "pork", "turkey", "chicken", "poultry", "duck", "venison", "liver",
            "heart", "kidney", "organ meat")),
    (DAIRY, ("milk", "yogurt", "yoghurt", "cheese", "kefir", "egg", "egg yolk", "whey",
             "cream")),
    (HERBS, ("herb", "parsley", "cilantro", "coriander", "basil", "rosemary", "sage", "oregano",
             "thyme", "mint", "peppermint", "cinnamon", "ginger", "saffron", "turmeric",
             "black pepper", "clove", "nutmeg", "cumin")),
    (BEVERAGES, ("coffee", "tea", "chai", "cocoa drink")),
    (GRAINS, ("oats", "barley", "quinoa", "amaranth", "buckwheat", "spelt", "whole grain",
              "wheat", "wheat germ", "rice", "corn", "millet", "rye", "bread")),
    (NUTS, ("almond", "cashew", "walnut", "pistachio", "peanut", "hazelnut", "pecan",
            "brazil nut", "seeds", "tahini")),
    (FRUITS, ("apple", "banana", "berry", "berries", "blueberries", "strawberries",
              "raspberries", "cranberries", "blackberries", "grape", "orange", "lemon", "lime",
              "citrus", "pomegranate", "cherry", "cherries", "avocado", "watermelon", "melon",
              "goji", "olive", "kiwi", "mango", "pear", "plum", "fig")),
    (VEGETABLES, ("broccoli", "cauliflower", "artichoke", "carrot", "beetroot", "pepper",
                  "kale", "spinach", "onion", "leek", "garlic", "greens", "sprouts", "cabbage",
                  "asparagus", "cucumber", "potato", "potatoes", "pumpkin", "chard",
                  "aubergine", "tomato", "tomatoes", "chicory", "courgette", "lettuce",
                  "celery")),
)


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})(?:e?s)?\b")


def group_of(title: str, tags: list[str]) -> str:
    """The group of a food with that title and those tag labels."""
    named = {tag.strip().casefold() for tag in tags}
    for group in GROUPS:
        if group.casefold() in named:
            return group
    words = " ".join(re.sub(r"[^\w]+", " ", title.casefold()).split())
    for group, keywords in RULES:
        if _pattern(keywords).search(words):
            return group
    return OTHER

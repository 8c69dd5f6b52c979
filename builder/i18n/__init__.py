"""Translation upkeep: extraction (POT), catalog updates and statistics, and what a
translator should look at next."""

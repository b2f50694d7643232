"""The drug economy: shops, buyers, droppers in tiers, exchangers, organizers, couriers."""

"""Geography and teams: municipality, district, neighbourhood, street,
address, and the teams of workers assigned to neighbourhoods."""

DETACH converted

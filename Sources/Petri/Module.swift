// Petri

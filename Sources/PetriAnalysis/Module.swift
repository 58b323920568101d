// PetriAnalysis

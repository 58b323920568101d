// PetriNet

// PetriSandbox

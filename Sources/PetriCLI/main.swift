print("petri")

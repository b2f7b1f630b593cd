print("sx")

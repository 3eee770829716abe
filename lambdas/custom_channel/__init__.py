"""The CustomChannel function: Pinpoint's custom-channel batches rendered and delivered."""

"""The EventProcessor's Lambda handler: opts endpoints out from Pinpoint's event stream."""

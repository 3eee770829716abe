"""Custom-resource handlers for Pinpoint resources that CloudFormation cannot create."""

"""Code both sides run: the constructs at synth time and the Lambda handlers at run time.

It imports only the standard library and botocore, and nothing else of cdk_pinpoint, because
``cdk_pinpoint._lambda`` copies this package into every Lambda asset (as ``cdk_pinpoint/_shared``,
beside the handler package) the way it copies ``cdk_pinpoint.rendering``. So each rule and each
number is written once: the library never loads code from ``lambdas/`` nor copies a handler's constants.

- :mod:`.journey_model`: what a valid journey request is (the ``Journey`` construct and the provider).
- :mod:`.logs`: the one structured-logging style of the handlers (Lambda's JSON log format).
- :mod:`.custom_channel`: the names the custom channel's handler writes, its worst-case AWS call
  and its time budget (the
  ``CustomChannel`` construct sizes the Lambda timeout from them; the handler's deadline guard keeps to them).
"""

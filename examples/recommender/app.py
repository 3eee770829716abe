#!/usr/bin/env python3
"""Recommendations in email: a recommender configuration for an Amazon Personalize campaign, with
an existing Lambda function that turns recommended item ids into product titles and prices, and
an email template that reads them (checked against the configuration when the app is synthesized).

The Personalize campaign and the function already exist; this app only connects them to Pinpoint.
"""

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_

from cdk_pinpoint import EmailTemplate, Project, RecommenderConfiguration

CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/shop-products"
SOLUTION = "arn:aws:personalize:us-east-1:123456789012:solution/shop-products"


class RecommenderStack(cdk.Stack):
    def __init__(self, scope: cdk.App, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        # The project whose campaigns and journeys send the template (recommenders are account-wide).
        Project(self, "Shop", project_name="shop")
        recommender = RecommenderConfiguration(
            self,
            "Products",
            campaign_arn=CAMPAIGN,
            solution_arn=SOLUTION,
            name="shop-products",
            recommendations_per_message=3,
            transformer=lambda_.Function.from_function_name(self, "Enricher", "shop-product-enricher"),
            attributes={"Title": "Product title", "Price": "Price"},
        )
        picks = EmailTemplate(
            self,
            "Picks",
            template_name="weekly-picks",
            subject="Picked for you, {{User.UserAttributes.FirstName}}",
            html_part=(
                "<ul>{{#each Recommendations.Title}}<li>{{this}}</li>{{/each}}</ul>"
                "<p>Top pick: {{Recommendations.Title.[0]}} for {{Recommendations.Price.[0]}}</p>"
            ),
            default_substitutions={"User": {"UserAttributes": {"FirstName": "there"}}},
            recommender_id=recommender.recommender_id,
        )
        # Fails the synth if the template reads an attribute the configuration does not provide.
        recommender.check_template(picks)


def build_app(app: cdk.App | None = None) -> cdk.App:
    app = app or cdk.App()
    RecommenderStack(app, "CdkPinpointRecommender", env=cdk.Environment(account="123456789012", region="us-east-1"))
    return app


if __name__ == "__main__":
    build_app().synth()

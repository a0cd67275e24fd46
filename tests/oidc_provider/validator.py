"""The provider's claims: e-mail, names, groups (the user's Django groups, but "_mfa"), and
`amr` with "mfa" for a user in the group "_mfa" (else only "pwd")."""

from oauth2_provider.oauth2_validators import OAuth2Validator

MFA_GROUP = "_mfa"


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        groups = [g.name for g in user.groups.all()]
        return {
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "groups": [g for g in groups if g != MFA_GROUP],
            "amr": ["pwd", "mfa"] if MFA_GROUP in groups else ["pwd"],
        }

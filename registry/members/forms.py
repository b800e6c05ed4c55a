"""The members page's forms live with the accounts they change."""
from registry.accounts.admin_forms import ROLE_LABELS, InviteForm, RoleForm  # noqa: F401

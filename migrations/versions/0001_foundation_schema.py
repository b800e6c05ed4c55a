"""foundation schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 18:08:10.597738

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name_vi', sa.String(length=255), nullable=False),
    sa.Column('name_en', sa.String(length=255), nullable=False),
    sa.Column('unit_vi', sa.String(length=60), nullable=False),
    sa.Column('unit_en', sa.String(length=60), nullable=False),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False),
    sa.Column('categories', sa.String(length=500), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator')),
    sa.UniqueConstraint('code', name=op.f('uq_indicator_code'))
    )
    op.create_table('province',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('division_type', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_province')),
    sa.UniqueConstraint('code', name=op.f('uq_province_code')),
    sa.UniqueConstraint('slug', name=op.f('uq_province_slug'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('ministry_role', sa.String(length=30), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('last_failed_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_audit_event_province_id_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_province_id'), ['province_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_membership_province_id_province')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_membership_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'province_id', name=op.f('uq_membership_user_id_province_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_province_id'), ['province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedup_key', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=True),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('immediate', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_notification_province_id_province')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_notification_dedup_key'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_province_id'), ['province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_user_id'), ['user_id'], unique=False)

    op.create_table('ward',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_folded', sa.String(length=120), nullable=False),
    sa.Column('division_type', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_ward_province_id_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ward')),
    sa.UniqueConstraint('code', name=op.f('uq_ward_code'))
    )
    with op.batch_alter_table('ward', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ward_name_folded'), ['name_folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_ward_province_id'), ['province_id'], unique=False)

    op.create_table('movement_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('name_folded', sa.String(length=255), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('target_setting', sa.String(length=40), nullable=False),
    sa.Column('origin_ward_id', sa.Integer(), nullable=True),
    sa.Column('host_organisation', sa.String(length=255), nullable=False),
    sa.Column('launched_on', sa.Date(), nullable=True),
    sa.Column('objectives', sa.Text(), nullable=False),
    sa.Column('how_it_works', sa.Text(), nullable=False),
    sa.Column('resources', sa.Text(), nullable=False),
    sa.Column('review_interval_months', sa.Integer(), nullable=False),
    sa.Column('next_review_due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.Column('end_reason_text', sa.Text(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('tags', sa.String(length=500), nullable=False),
    sa.Column('source_model_id', sa.Integer(), nullable=True),
    sa.Column('recognised_year', sa.Integer(), nullable=True),
    sa.Column('recognition_reference', sa.String(length=120), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_movement_model_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['movement_model.id'], name=op.f('fk_movement_model_merged_into_id_movement_model')),
    sa.ForeignKeyConstraint(['origin_ward_id'], ['ward.id'], name=op.f('fk_movement_model_origin_ward_id_ward')),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_movement_model_province_id_province')),
    sa.ForeignKeyConstraint(['source_model_id'], ['movement_model.id'], name=op.f('fk_movement_model_source_model_id_movement_model')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_model'))
    )
    with op.batch_alter_table('movement_model', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_model_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_movement_model_name_folded'), ['name_folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_movement_model_next_review_due_on'), ['next_review_due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_movement_model_origin_ward_id'), ['origin_ward_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_movement_model_province_id'), ['province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_movement_model_source_model_id'), ['source_model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_movement_model_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_movement_model_target_setting'), ['target_setting'], unique=False)

    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('round_year', sa.Integer(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_reference', sa.String(length=120), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_nomination_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['model_id'], ['movement_model.id'], name=op.f('fk_nomination_model_id_movement_model'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_nomination_province_id_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination'))
    )
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_model_id'), ['model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_province_id'), ['province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_round_year'), ['round_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_status'), ['status'], unique=False)

    op.create_table('replication_site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('sub_unit', sa.String(length=255), nullable=False),
    sa.Column('setting', sa.String(length=40), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('teams', sa.Integer(), nullable=True),
    sa.Column('members', sa.Integer(), nullable=True),
    sa.Column('households', sa.Integer(), nullable=True),
    sa.Column('cameras', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['model_id'], ['movement_model.id'], name=op.f('fk_replication_site_model_id_movement_model'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_replication_site_province_id_province')),
    sa.ForeignKeyConstraint(['ward_id'], ['ward.id'], name=op.f('fk_replication_site_ward_id_ward')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replication_site'))
    )
    with op.batch_alter_table('replication_site', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replication_site_model_id'), ['model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_replication_site_province_id'), ['province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_replication_site_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_replication_site_ward_id'), ['ward_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('rating', sa.String(length=20), nullable=True),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_review_author_id_user_account')),
    sa.ForeignKeyConstraint(['model_id'], ['movement_model.id'], name=op.f('fk_review_model_id_movement_model'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_review_province_id_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_model_id'), ['model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_province_id'), ['province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_status'), ['status'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('nomination_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=100), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['model_id'], ['movement_model.id'], name=op.f('fk_attachment_model_id_movement_model'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_attachment_nomination_id_nomination'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_attachment_province_id_province')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_attachment_review_id_review'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_attachment_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_attachment_storage_key'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_model_id'), ['model_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_province_id'), ['province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_review_id'), ['review_id'], unique=False)

    op.create_table('dossier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_dossier_nomination_id_nomination'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_dossier_province_id_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier'))
    )
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_province_id'), ['province_id'], unique=False)

    op.create_table('nomination_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_nomination_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_nomination_event_nomination_id_nomination'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_nomination_event_province_id_province')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination_event'))
    )
    with op.batch_alter_table('nomination_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_event_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_event_province_id'), ['province_id'], unique=False)

    op.create_table('review_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_review_value_indicator_id_indicator')),
    sa.ForeignKeyConstraint(['province_id'], ['province.id'], name=op.f('fk_review_value_province_id_province')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_value_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_value')),
    sa.UniqueConstraint('review_id', 'indicator_id', name=op.f('uq_review_value_review_id_indicator_id'))
    )
    with op.batch_alter_table('review_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_value_province_id'), ['province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_value_review_id'), ['review_id'], unique=False)




def downgrade():

    with op.batch_alter_table('review_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_value_review_id'))
        batch_op.drop_index(batch_op.f('ix_review_value_province_id'))

    op.drop_table('review_value')
    with op.batch_alter_table('nomination_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_event_province_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_event_nomination_id'))

    op.drop_table('nomination_event')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_province_id'))
        batch_op.drop_index(batch_op.f('ix_dossier_nomination_id'))

    op.drop_table('dossier')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_review_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_province_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_model_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_status'))
        batch_op.drop_index(batch_op.f('ix_review_province_id'))
        batch_op.drop_index(batch_op.f('ix_review_model_id'))

    op.drop_table('review')
    with op.batch_alter_table('replication_site', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replication_site_ward_id'))
        batch_op.drop_index(batch_op.f('ix_replication_site_status'))
        batch_op.drop_index(batch_op.f('ix_replication_site_province_id'))
        batch_op.drop_index(batch_op.f('ix_replication_site_model_id'))

    op.drop_table('replication_site')
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_status'))
        batch_op.drop_index(batch_op.f('ix_nomination_round_year'))
        batch_op.drop_index(batch_op.f('ix_nomination_province_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_model_id'))

    op.drop_table('nomination')
    with op.batch_alter_table('movement_model', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_model_target_setting'))
        batch_op.drop_index(batch_op.f('ix_movement_model_status'))
        batch_op.drop_index(batch_op.f('ix_movement_model_source_model_id'))
        batch_op.drop_index(batch_op.f('ix_movement_model_province_id'))
        batch_op.drop_index(batch_op.f('ix_movement_model_origin_ward_id'))
        batch_op.drop_index(batch_op.f('ix_movement_model_next_review_due_on'))
        batch_op.drop_index(batch_op.f('ix_movement_model_name_folded'))
        batch_op.drop_index(batch_op.f('ix_movement_model_category'))

    op.drop_table('movement_model')
    with op.batch_alter_table('ward', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ward_province_id'))
        batch_op.drop_index(batch_op.f('ix_ward_name_folded'))

    op.drop_table('ward')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_user_id'))
        batch_op.drop_index(batch_op.f('ix_notification_status'))
        batch_op.drop_index(batch_op.f('ix_notification_province_id'))
        batch_op.drop_index(batch_op.f('ix_notification_kind'))
        batch_op.drop_index(batch_op.f('ix_notification_created_at'))

    op.drop_table('notification')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_province_id'))

    op.drop_table('membership')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_province_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_created_at'))

    op.drop_table('audit_event')
    op.drop_table('user_account')
    op.drop_table('province')
    op.drop_table('indicator')


from django.conf import settings
from django.db import migrations, models

# Being a team lead is accounts.User.role; a lead membership says which team
# they lead. Until now only Membership.clean() kept the two in step, which a
# bulk update, a shell or raw SQL passes by. From here the database does, for
# every writer (see the Membership docstring).
#
# First the rows that broke the rule already (a lead membership of a user
# whose role is worker, which only a path around clean() could write). Kept
# conservatively: the membership becomes a worker one (the user stays in the
# team and keeps seeing its residents, but no longer reviews its proposals)
# rather than the user becoming a team lead, which would silently give them
# change histories, access logs and residents' rights. An admin who meant them
# to lead makes them a team lead and the lead again. Every user whose role is
# team lead or administrator keeps their role and every lead membership; a
# team lead who leads no team stays a team lead.
DEMOTE_BROKEN_LEADS = """
    UPDATE neighbourhoods_membership AS membership
       SET role = 'worker'
      FROM accounts_user AS member
     WHERE membership.user_id = member.id
       AND membership.role = 'lead'
       AND member.role NOT IN ('team_lead', 'admin')
"""

# A lead membership only for a team lead or an administrator. The share lock
# on the user's row makes a demotion of that user running at the same time
# wait for this transaction (and then demote this membership too, see below),
# or this statement wait for the demotion (and then find the role worker).
LEAD_IS_TEAM_LEAD = [
    """
    CREATE FUNCTION neighbourhoods_membership_lead_is_team_lead() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM 1 FROM accounts_user
         WHERE id = NEW.user_id AND role IN ('team_lead', 'admin')
           FOR SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'Only a user with the role team lead or administrator can lead a team.'
                USING ERRCODE = 'check_violation',
                      CONSTRAINT = 'membership_lead_is_team_lead',
                      DETAIL = 'user_id ' || NEW.user_id || ', team_id ' || NEW.team_id;
        END IF;
        RETURN NEW;
    END;
    $$
    """,
    """
    CREATE TRIGGER membership_lead_is_team_lead
        BEFORE INSERT OR UPDATE OF role, user_id ON neighbourhoods_membership
        FOR EACH ROW WHEN (NEW.role = 'lead')
        EXECUTE FUNCTION neighbourhoods_membership_lead_is_team_lead()
    """,
]

# A user whose role stops being team lead or administrator leads no team any
# more: in the same statement, their lead memberships become worker ones. The
# UPDATE is a statement of its own inside the function, so it sees a lead
# membership that a transaction this one waited for (the lock above) has just
# committed. (That holds in READ COMMITTED, Django's isolation level and the
# one Buurtwerk uses; a REPEATABLE READ transaction would keep its snapshot.)
DEMOTED_LEADS_NO_TEAM = [
    """
    CREATE FUNCTION neighbourhoods_user_demoted_leads_no_team() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE neighbourhoods_membership
           SET role = 'worker'
         WHERE user_id = NEW.id AND role = 'lead';
        RETURN NULL;
    END;
    $$
    """,
    """
    CREATE TRIGGER user_demoted_leads_no_team
        AFTER UPDATE OF role ON accounts_user
        FOR EACH ROW
        WHEN (OLD.role IN ('team_lead', 'admin') AND NEW.role NOT IN ('team_lead', 'admin'))
        EXECUTE FUNCTION neighbourhoods_user_demoted_leads_no_team()
    """,
]


class Migration(migrations.Migration):

    dependencies = [
        ('neighbourhoods', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('worker', 'worker'), ('lead', 'team lead')], default='worker', help_text='Only a user with the role team lead or administrator can lead a team.', max_length=10, verbose_name='role in team'),
        ),
        migrations.RunSQL(DEMOTE_BROKEN_LEADS, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(
            LEAD_IS_TEAM_LEAD,
            reverse_sql=[
                "DROP TRIGGER membership_lead_is_team_lead ON neighbourhoods_membership",
                "DROP FUNCTION neighbourhoods_membership_lead_is_team_lead()",
            ],
        ),
        migrations.RunSQL(
            DEMOTED_LEADS_NO_TEAM,
            reverse_sql=[
                "DROP TRIGGER user_demoted_leads_no_team ON accounts_user",
                "DROP FUNCTION neighbourhoods_user_demoted_leads_no_team()",
            ],
        ),
    ]

# Livelihood projects, moved here from the proposals app with their rows.
#
# The models enter this app's state on the tables proposals created
# (proposals_*), without touching the database; then the tables are renamed to
# this app's prefix, and the content types (with their permissions and admin
# history) follow the models instead of being created anew.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ('livelihoodcall', 'livelihoodcandidate', 'livelihoodproposal', 'projectprogress', 'votesession', 'ballot', 'votetally')


def _move_content_types(apps, schema_editor, source, target):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    taken = set(ContentType.objects.using(db).filter(app_label=target, model__in=MODELS).values_list('model', flat=True))
    ContentType.objects.using(db).filter(app_label=source, model__in=set(MODELS) - taken).update(app_label=target)


def content_types_forward(apps, schema_editor):
    _move_content_types(apps, schema_editor, 'proposals', 'livelihood')


def content_types_backward(apps, schema_editor):
    _move_content_types(apps, schema_editor, 'livelihood', 'proposals')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('deputies', '0003_indexes_without_pattern_ops'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
        ('proposals', '0004_livelihood_moved_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='LivelihoodCall',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='项目年度')),
                        ('title', models.CharField(max_length=200, verbose_name='名称')),
                        ('description', models.TextField(blank=True, verbose_name='说明')),
                        ('closes_on', models.DateField(blank=True, null=True, verbose_name='征集截止')),
                        ('status', models.CharField(choices=[('open', '征集中'), ('closed', '征集结束')], default='open', max_length=16, verbose_name='状态')),
                        ('congress', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='livelihood_calls', to='deputies.congress', verbose_name='所属人大')),
                    ],
                    options={
                        'db_table': 'proposals_livelihoodcall',
                        'verbose_name': '民生实事项目征集',
                        'verbose_name_plural': '民生实事项目征集',
                        'ordering': ['-year', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='LivelihoodCandidate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('title', models.CharField(max_length=200, verbose_name='项目名称')),
                        ('description', models.TextField(verbose_name='项目内容')),
                        ('department', models.CharField(blank=True, max_length=100, verbose_name='牵头部门')),
                        ('budget', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='预算（万元）')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
                        ('elected', models.BooleanField(default=False, verbose_name='票决通过')),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidates', to='livelihood.livelihoodcall')),
                    ],
                    options={
                        'db_table': 'proposals_livelihoodcandidate',
                        'verbose_name': '候选项目',
                        'verbose_name_plural': '候选项目',
                        'ordering': ['order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='LivelihoodProposal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('title', models.CharField(max_length=200, verbose_name='项目名称')),
                        ('description', models.TextField(verbose_name='项目内容及理由')),
                        ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='livelihood.livelihoodcall')),
                        ('candidate', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sources', to='livelihood.livelihoodcandidate', verbose_name='归并至候选项目')),
                        ('deputy', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='livelihood_proposals', to='deputies.deputy', verbose_name='提出代表')),
                    ],
                    options={
                        'db_table': 'proposals_livelihoodproposal',
                        'verbose_name': '代表提出的民生实事项目',
                        'verbose_name_plural': '代表提出的民生实事项目',
                        'ordering': ['-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ProjectProgress',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reported_on', models.DateField(verbose_name='报告日期')),
                        ('percent', models.PositiveSmallIntegerField(verbose_name='完成进度（%）')),
                        ('content', models.TextField(verbose_name='进展情况')),
                        ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress_reports', to='livelihood.livelihoodcandidate')),
                        ('reported_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'proposals_projectprogress',
                        'verbose_name': '项目进展',
                        'verbose_name_plural': '项目进展',
                        'ordering': ['-reported_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='VoteSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('places', models.PositiveSmallIntegerField(verbose_name='票决项目数')),
                        ('quorum_percent', models.PositiveSmallIntegerField(default=50, verbose_name='有效投票比例（%）')),
                        ('pass_percent', models.PositiveSmallIntegerField(default=50, verbose_name='通过所需赞成票比例（%）')),
                        ('status', models.CharField(choices=[('draft', '准备中'), ('open', '投票中'), ('closed', '已计票'), ('published', '已公布')], default='draft', max_length=16, verbose_name='状态')),
                        ('eligible_count', models.PositiveIntegerField(default=0, verbose_name='应参加投票代表数')),
                        ('ballots_cast', models.PositiveIntegerField(default=0, verbose_name='实际投票数')),
                        ('quorum_met', models.BooleanField(default=False, verbose_name='达到有效人数')),
                        ('opened_at', models.DateTimeField(blank=True, null=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('call', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='vote', to='livelihood.livelihoodcall')),
                    ],
                    options={
                        'db_table': 'proposals_votesession',
                        'verbose_name': '票决',
                        'verbose_name_plural': '票决',
                    },
                ),
                migrations.CreateModel(
                    name='Ballot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('cast_on', models.DateField(auto_now_add=True, verbose_name='投票日期')),
                        ('deputy', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ballots', to='deputies.deputy')),
                        ('vote', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ballots', to='livelihood.votesession')),
                    ],
                    options={
                        'db_table': 'proposals_ballot',
                        'verbose_name': '投票记录',
                        'verbose_name_plural': '投票记录',
                    },
                ),
                migrations.CreateModel(
                    name='VoteTally',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('for_count', models.PositiveIntegerField(default=0, verbose_name='赞成')),
                        ('against_count', models.PositiveIntegerField(default=0, verbose_name='反对')),
                        ('abstain_count', models.PositiveIntegerField(default=0, verbose_name='弃权')),
                        ('candidate', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='tally', to='livelihood.livelihoodcandidate')),
                        ('vote', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tallies', to='livelihood.votesession')),
                    ],
                    options={
                        'db_table': 'proposals_votetally',
                        'verbose_name': '计票',
                        'verbose_name_plural': '计票',
                        'ordering': ['candidate__order', 'candidate_id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='livelihoodcall',
                    constraint=models.UniqueConstraint(fields=('congress', 'year'), name='livelihood_call_unique_year'),
                ),
                migrations.AddConstraint(
                    model_name='ballot',
                    constraint=models.UniqueConstraint(fields=('vote', 'deputy'), name='ballot_one_per_deputy'),
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='LivelihoodCall', table=None),
        migrations.AlterModelTable(name='LivelihoodCandidate', table=None),
        migrations.AlterModelTable(name='LivelihoodProposal', table=None),
        migrations.AlterModelTable(name='ProjectProgress', table=None),
        migrations.AlterModelTable(name='VoteSession', table=None),
        migrations.AlterModelTable(name='Ballot', table=None),
        migrations.AlterModelTable(name='VoteTally', table=None),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]

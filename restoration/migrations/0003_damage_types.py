from django.db import migrations

# A starting vocabulary of damage seen on Cham brick towers and Hội An timber houses; curators
# extend it in the admin (Restoration archive → Damage types).
TERMS = [
    ("cracking", "Nứt", "Cracking"),
    ("brick-erosion", "Xói mòn gạch", "Brick erosion"),
    ("salt-efflorescence", "Muối kết tinh (muối hóa)", "Salt efflorescence"),
    ("biological-growth", "Rêu, địa y, thực vật bám", "Biological growth"),
    ("wood-rot", "Mục gỗ", "Wood rot"),
    ("termite-damage", "Mối mọt", "Termite damage"),
    ("flood-marks", "Vết lũ", "Flood marks"),
    ("structural-deformation", "Biến dạng kết cấu (nghiêng, lún, phình)", "Structural deformation"),
    ("material-loss", "Mất, sụt vỡ vật liệu", "Loss of material"),
    ("mortar-loss", "Mất vữa mạch", "Mortar loss"),
    ("water-infiltration", "Thấm nước", "Water infiltration"),
    ("vandalism", "Phá hoại, vẽ bậy", "Vandalism or graffiti"),
    ("previous-repair", "Can thiệp sửa chữa trước đây", "Previous repair"),
]


def add_terms(apps, schema_editor):
    DamageType = apps.get_model("restoration", "DamageType")
    for key, label_vi, label_en in TERMS:
        DamageType.objects.get_or_create(key=key, defaults={"label_vi": label_vi, "label_en": label_en})


class Migration(migrations.Migration):
    dependencies = [("restoration", "0002_database_guards")]
    operations = [migrations.RunPython(add_terms, migrations.RunPython.noop)]

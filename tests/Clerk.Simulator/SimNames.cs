namespace BatonClerk.Simulator;

/// <summary>Name pools; shared strings keep a million users cheap, and the unicode ones test encoding end to end.</summary>
internal static class SimNames
{
    public static readonly string[] FirstNames =
    [
        "Zoë", "José", "Björn", "Łukasz", "Søren", "Amélie", "Иван", "Мария", "王", "さくら", "محمد", "Ngọc",
        "Renée", "Ana", "John", "Priya", "Chloé", "Dvořák", "Αλέξανδρος", "Yağmur", "Ólafur", "Nguyễn", "Emily", "Kwame",
    ];

    public static readonly string[] LastNames =
    [
        "O'Brien", "Müller", "García", "Kowalski", "Øster", "Smith", "Иванова", "李", "山田", "عبدالله", "Trần",
        "Schröder", "Núñez", "Doe", "Patel", "Lefèvre", "Παπαδόπουλος", "Çelik", "Jónsdóttir", "Mensah", "\"Quoted\" \\ Slash",
    ];

    public static readonly string[] OrganizationWords =
    [
        "Acme", "Globex", "Initech", "Umbrella", "Søstrene", "Café Crème", "Ørsted Labs", "株式会社テスト", "Müller & Söhne",
        "Стройка", "شركة", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell",
    ];

    public static readonly string[] CustomPermissionKeys =
    [
        "org:invoices:read", "org:invoices:write", "org:reports:export", "org:projects:create", "org:projects:delete",
        "org:secrets:rotate",
    ];

    public static readonly (string Key, string Name)[] CustomRoles =
    [
        ("org:billing_manager", "Billing manager"), ("org:viewer", "Viewer"), ("org:auditor", "Auditeur·rice ✓"),
        ("org:support", "Поддержка"),
    ];

    public static readonly string[] SystemPermissionKeys =
    [
        "org:sys_profile:manage", "org:sys_profile:delete", "org:sys_memberships:read", "org:sys_memberships:manage",
        "org:sys_domains:read", "org:sys_domains:manage", "org:sys_billing:read", "org:sys_billing:manage",
    ];
}

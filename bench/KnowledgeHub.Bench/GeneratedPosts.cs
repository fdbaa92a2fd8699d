using System.Text;
using KnowledgeHub.Infrastructure.Search;

namespace KnowledgeHub.Bench;

/// <summary>
/// Forum posts as the search index sees them, generated deterministically: ~20 posts per thread, bodies of 40–250 words
/// drawn with a Zipf distribution over an ECD vocabulary and a long tail of rarer words (so term statistics look like a real
/// forum's), one thread in eight in another language, spaces public, members-only and private, tags, sectors, countries.
/// </summary>
public sealed class GeneratedPosts(int seed = 42)
{
    private static readonly string[] English = ("children child parents parent community early learning care development play health nutrition " +
        "network members member district province national policy ministry government workers training teachers teacher caregivers home visits " +
        "village centre centers preschool school readiness language stimulation mothers fathers families family support services quality survey " +
        "data results programme program project funding budget partners civil society academia private sector coordination advocacy meeting " +
        "workshop exchange visit practice practices guidance framework nurturing responsive caregiving protection safety disability inclusive " +
        "inclusion screening referral growth monitoring stunting feeding breastfeeding hygiene water sanitation book books reading stories songs " +
        "toys materials local language mother tongue curriculum assessment indicators evaluation baseline endline study research evidence findings " +
        "report share shared sharing question answer experience lessons learned challenges challenge worked tried rural urban remote island " +
        "mountain communities volunteers volunteer health posts clinic nurses midwives social protection cash transfers enrolment attendance " +
        "registration birth certificate daycare kindergarten educators workforce salaries mentoring coaching supervision certificate course " +
        "online webinar members secretariat steering committee annual plan strategy sustainability fees value proposition engagement regional " +
        "conference pacific asia south east mobile phone radio messages campaign awareness behaviour change mothers groups parenting sessions " +
        "fathers involvement grandparents siblings age months years zero three five eight infants toddlers newborn first thousand days brain " +
        "emotional social cognitive motor skills outcomes scale coverage costs cost financing investment returns economic case district officers " +
        "planning integrated multi sectoral approach task force working group joint statement consultation draft law standards licensing " +
        "accreditation monitoring visits checklist tool toolkit app digital platform forum thread reply thanks agree useful idea example").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static readonly (string Language, string[] Words)[] Others =
    [
        ("id", "anak orang tua keluarga komunitas pembelajaran pengasuhan kesehatan gizi desa posyandu guru kader pelatihan jaringan kebijakan program sekolah bermain buku cerita".Split(' ')),
        ("mn", "хүүхэд эцэг эх гэр бүл сургууль цэцэрлэг багш эрүүл мэнд хөгжил сургалт сүлжээ бодлого хөтөлбөр тоглоом ном аймаг сум".Split(' ')),
        ("hi", "बच्चे माता पिता परिवार समुदाय शिक्षा देखभाल स्वास्थ्य पोषण गांव आंगनवाड़ी शिक्षक प्रशिक्षण नेटवर्क नीति कार्यक्रम खेल किताब कहानी".Split(' ')),
        ("th", "เด็ก พ่อแม่ ครอบครัว ชุมชน การเรียนรู้ การดูแล สุขภาพ โภชนาการ หมู่บ้าน ครู การฝึกอบรม เครือข่าย นโยบาย โครงการ การเล่น หนังสือ นิทาน".Split(' ')),
        ("zh", "儿童 父母 家庭 社区 学习 照护 健康 营养 村庄 幼儿园 教师 培训 网络 政策 项目 游戏 图书 故事".Split(' ')),
    ];

    private static readonly string[] Tags = "nutrition parenting policy inclusion workforce data funding survey play reading health safeguarding early-years pacific covid".Split(' ');
    public static readonly string[] Countries = ["NP", "LK", "PH", "ID", "MN", "MM", "KH", "BD", "PK", "IN", "LA", "TL", "FJ", "PG", "BT"];
    private static readonly string[] Sectors = ["Government", "CivilSociety", "Academia", "PrivateSector", "DevelopmentPartner", "Practitioner"];
    /// <summary>Eight spaces: five public, one for members only, two private (a member of the first private one searches in the benchmarks).</summary>
    public static readonly (string Id, string Name, string Audience)[] Spaces =
    [
        ("peer-learning", "Peer learning", SearchAudience.Everyone), ("policy", "Policy and advocacy", SearchAudience.Everyone),
        ("inclusive", "Inclusive ECD", SearchAudience.Everyone), ("workforce", "Workforce and training", SearchAudience.Everyone),
        ("research", "Research and data", SearchAudience.Everyone), ("projects", "Collaborative projects", SearchAudience.Members),
        ("steering", "Steering committee", SearchAudience.Space("steering")), ("donors", "Donor coordination", SearchAudience.Space("donors")),
    ];

    /// <summary>What a member of the first private space may see: the visibility filter every benchmark query carries.</summary>
    public static readonly IReadOnlyList<string> MemberAudience = [SearchAudience.Everyone, SearchAudience.Members, SearchAudience.Space("steering")];

    private readonly string[] vocabulary = Vocabulary(seed);
    private readonly double[] zipf = Zipf(Vocabulary(seed).Length, 1.07);

    /// <summary>The vocabulary by rank: the ECD words first (the common ones), then a long tail of rarer invented words.</summary>
    public IReadOnlyList<string> Words => vocabulary;

    private static string[] Vocabulary(int seed)
    {
        var random = new Random(seed);
        string[] syllables = ["ka", "ri", "mo", "ta", "ne", "lu", "so", "pa", "vi", "de", "go", "ha", "ji", "ba", "ro", "shi", "an", "el", "or", "un"];
        var tail = new HashSet<string>();
        while (tail.Count < 40_000)
        {
            var word = new StringBuilder();
            for (var i = 0; i < random.Next(2, 5); i++) word.Append(syllables[random.Next(syllables.Length)]);
            tail.Add(word.ToString());
        }
        return [.. English.Distinct(), .. tail.Except(English)];
    }

    private static double[] Zipf(int n, double s)
    {
        var cumulative = new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++) { total += 1 / Math.Pow(i + 1, s); cumulative[i] = total; }
        for (var i = 0; i < n; i++) cumulative[i] /= total;
        return cumulative;
    }

    public string Word(Random random)
    {
        var index = Array.BinarySearch(zipf, random.NextDouble());
        return vocabulary[index < 0 ? ~index : index];
    }

    public sealed record GeneratedThread(int Number, string Title, int Space, string Language, List<string> Tags, List<GeneratedPost> Posts);
    public sealed record GeneratedPost(int Number, string Body, DateTimeOffset Date, int Author);

    /// <summary>Threads of ~20 posts (exponentially distributed) until <paramref name="posts"/> posts are made.</summary>
    public IEnumerable<GeneratedThread> Threads(int posts)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var produced = 0;
        for (var thread = 0; produced < posts; thread++)
        {
            var space = random.Next(100) switch { < 70 => random.Next(5), < 85 => 5, < 95 => 6, _ => 7 };
            var other = random.Next(8) == 0 ? Others[random.Next(Others.Length)] : default;
            var title = Sentence(random, random.Next(4, 11), other.Words);
            var tags = Enumerable.Range(0, random.Next(4)).Select(_ => Tags[random.Next(Tags.Length)]).Distinct().ToList();
            var count = Math.Min(posts - produced, Math.Max(1, (int)(20 * -Math.Log(1 - random.NextDouble()))));
            var date = start.AddMinutes(thread * 30);
            var list = new List<GeneratedPost>(count);
            for (var number = 1; number <= count; number++)
            {
                date = date.AddMinutes(random.Next(5, 600));
                list.Add(new GeneratedPost(number, Body(random, other.Words), date, random.Next(5000)));
            }
            produced += count;
            yield return new GeneratedThread(thread, title, space, other.Language ?? "en", tags, list);
        }
    }

    public IEnumerable<SearchDocument> Documents(int count)
    {
        foreach (var thread in Threads(count))
        {
            var threadId = new Guid(thread.Number, 0, 0, new byte[8]).ToString("N");
            var space = Spaces[thread.Space];
            foreach (var post in thread.Posts)
                yield return new SearchDocument
                {
                    Key = $"post:{threadId}{post.Number:x8}", Group = "thread:" + threadId, Type = post.Number == 1 ? "thread" : "reply",
                    Title = thread.Title, Body = post.Body, Url = $"/t/{threadId}?p={(post.Number - 1) / 20 + 1}#p{post.Number}", Date = post.Date,
                    Audience = [space.Audience], Language = thread.Language, SpaceId = space.Id, SpaceName = space.Name, Tags = thread.Tags,
                    Sector = Sectors[post.Author % Sectors.Length], Country = Countries[post.Author % Countries.Length],
                    AuthorId = post.Author.ToString(), AuthorName = $"Member {post.Author}", Fingerprint = thread.Title,
                };
        }
    }

    private string Body(Random random, string[]? local)
    {
        var words = (int)Math.Clamp(40 + 60 * -Math.Log(1 - random.NextDouble()), 40, 250);
        var text = new StringBuilder();
        while (words > 0)
        {
            var n = Math.Min(words, random.Next(6, 20));
            text.Append(Sentence(random, n, local)).Append(". ");
            words -= n;
        }
        return text.ToString();
    }

    private string Sentence(Random random, int words, string[]? local)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0) text.Append(' ');
            text.Append(local is not null && random.Next(3) > 0 ? local[random.Next(local.Length)] : Word(random));
        }
        if (text.Length > 0) text[0] = char.ToUpperInvariant(text[0]);
        return text.ToString();
    }
}

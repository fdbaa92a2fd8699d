using System.Security.Claims;
using KnowledgeHub.Features.Forum;
using KnowledgeHub.Infrastructure.Postgres;
using Marten;
using KnowledgeHub.Infrastructure.Text;
using Marten.Patching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;

namespace KnowledgeHub.Features.Courses;

/// <summary>
/// Each lesson's discussion is a forum thread in the Courses space, shared by all versions of the course. It is started
/// by the first member who opens it (through the forum's own writer, so it is searchable, watched and moderated like any thread).
/// </summary>
public sealed class LessonDiscussions(IDocumentStore store, PostWriter writer, IOptions<ForumOptions> forum, IStringLocalizer<SharedResource> L)
{
    public async Task<Guid?> ThreadOfAsync(string slug, string lessonKey, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<LessonDiscussion>(LessonDiscussion.IdFor(slug, lessonKey), ct))?.ThreadId;
    }

    public async Task<(Guid? ThreadId, string? Error)> OpenAsync(ClaimsPrincipal user, CourseVersion course, Lesson lesson, CancellationToken ct)
    {
        if (await ThreadOfAsync(course.Slug, lesson.Key, ct) is { } existing) return (existing, null);
        await using var session = store.LightweightSession();
        var space = await session.LoadAsync<Space>(CoursesModule.DiscussionSpace, ct);
        if (space is null) return (null, L["The course discussion space is missing; ask an administrator to add content/spaces/courses.md."]);
        var title = TextRules.Cut($"{course.Title} · {lesson.Number}. {lesson.Title}", forum.Value.MaxTitleLength);
        var body = string.Format(L["Discussion of lesson {0}, “{1}”, of the course “{2}”: [open the lesson](/courses/{3}/lessons/{4}). Ask questions, share how you applied it, help another learner."],
            lesson.Number, lesson.Title, course.Title, course.Slug, lesson.Key);
        var result = await writer.CreateThreadAsync(user, space, title, body, "course", ThreadKind.Discussion, ct, course.Language);
        if (!result.Ok) return (null, result.Errors.Values.First());
        session.Insert(new LessonDiscussion { Id = LessonDiscussion.IdFor(course.Slug, lesson.Key), ThreadId = result.Thread!.Id });
        try
        {
            await session.SaveChangesAsync(ct);
            return (result.Thread.Id, null);
        }
        catch (Exception e) when (WriteConflicts.IsConflict(e))
        {
            // Two members opened it at the same moment: keep the first thread, retire the spare one.
            await using var cleanup = store.LightweightSession();
            var spare = await cleanup.LoadAsync<ForumThread>(result.Thread.Id, ct);
            var opening = await cleanup.Query<Post>().SingleOrDefaultAsync(p => p.ThreadId == result.Thread.Id && p.Number == 1, ct);
            if (spare is not null && opening is not null)
            {
                PostWriter.SoftDelete(cleanup, spare, opening, opening.AuthorName, L["Opened twice at the same moment; the discussion continues in the other thread."]);
                cleanup.Store(spare);
                await cleanup.SaveChangesAsync(ct);
            }
            return (await ThreadOfAsync(course.Slug, lesson.Key, ct), null);
        }
    }
}

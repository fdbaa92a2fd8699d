using KnowledgeHub.Features.Certificates;

namespace KnowledgeHub.Tests.Courses;

/// <summary>The little shaping the certificate PDF does itself, since PDFsharp does none.</summary>
public sealed class PdfTextLayoutTests
{
    [Fact]
    public void Urdu_letters_take_their_joined_forms_and_are_drawn_right_to_left()
    {
        // beh initial, tcheh medial, waw final, noon ghunna isolated (waw does not join forward).
        Assert.Equal("\uFE91\uFB7D\uFEEE\uFB9E", PdfTextLayout.Join("بچوں"));
        Assert.Equal("\uFB9E\uFEEE\uFB7D\uFE91", PdfTextLayout.RightToLeft(PdfTextLayout.Join("بچوں")));
        Assert.Equal("\uFEFB", PdfTextLayout.Join("لا")); // lam-alef ligature
    }

    [Fact]
    public void A_line_is_split_by_script_and_a_right_to_left_line_starts_from_the_right()
    {
        var mixed = PdfTextLayout.Layout("Nima শিরিন");
        Assert.Equal([PdfScript.Latin, PdfScript.Bengali], mixed.Select(r => r.Script));
        var urduFirst = PdfTextLayout.Layout("بچوں Nima");
        Assert.Equal([PdfScript.Latin, PdfScript.Arabic], urduFirst.Select(r => r.Script));
        Assert.Equal("Nima", urduFirst[0].Visual);
        Assert.Equal([PdfScript.Arabic], PdfTextLayout.Layout("12 بچوں").Select(r => r.Script)); // digits go with the letters after them
    }

    [Fact]
    public void Bengali_vowel_signs_written_before_their_consonant_cluster_move_in_front_of_it()
    {
        Assert.Equal("িশিরন", PdfTextLayout.ReorderBengali("শিরিন"));
        Assert.Equal("িক্ত", PdfTextLayout.ReorderBengali("ক্তি")); // before the whole cluster
        Assert.Equal("েকা", PdfTextLayout.ReorderBengali("কো")); // o: e before, aa after
    }
}

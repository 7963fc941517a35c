using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SmsBuyz.Analytics.Bench;

/// <summary>
/// A market of <c>series</c> price series for the ingest benchmark, served as <c>guest/products</c> answers of
/// <c>perAnswer</c> products each (one answer per country × operator), exactly as the API sends them.
/// </summary>
internal sealed class SyntheticMarket
{
    private const int OperatorsPerCountry = 4;
    private readonly int[] _price;
    private readonly int[] _qty;
    private readonly string[] _products;
    private readonly string[] _countries;
    private readonly Random _random = new(42);

    /// <param name="countryPrefix">Country names are the prefix and a number, so two markets can share a database.</param>
    public SyntheticMarket(int series, int perAnswer, string countryPrefix = "x")
    {
        PerAnswer = Math.Min(series, perAnswer);
        Answers = (series + PerAnswer - 1) / PerAnswer;
        _price = new int[Answers * PerAnswer];
        _qty = new int[_price.Length];
        for (var i = 0; i < _price.Length; i++)
        {
            _price[i] = _random.Next(100, 50_000);
            _qty[i] = _random.Next(0, 100_000);
        }
        _countries = [.. Enumerable.Range(0, (Answers + OperatorsPerCountry - 1) / OperatorsPerCountry).Select(c => countryPrefix + c.ToString(CultureInfo.InvariantCulture))];
        _products = Enumerable.Range(0, PerAnswer).Select(p => "product" + p.ToString("D4", CultureInfo.InvariantCulture)).ToArray();
    }

    public int Answers { get; }
    public int PerAnswer { get; }
    public int Series => _price.Length;

    /// <summary>Series <paramref name="i"/>'s price in 1e-4 units and its stock, as the answers send them.</summary>
    public (long Price, long Qty) Point(int i) => (_price[i], _qty[i]);

    // The same string instances every sweep, as a sweep plan repeats the configured names.
    public string Country(int answer) => _countries[answer / OperatorsPerCountry];

    public static string Operator(int answer) => Operators[answer % OperatorsPerCountry];

    private static readonly string[] Operators = [.. Enumerable.Range(0, OperatorsPerCountry).Select(o => "op" + o.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Moves the price of <paramref name="share"/> of the series by 1–5 % (at least one unit).</summary>
    public int Move(double share)
    {
        var count = (int)Math.Round(share * Series);
        for (var n = 0; n < count; n++)
        {
            var i = _random.Next(Series);
            var step = Math.Max(1, _price[i] * _random.Next(1, 6) / 100);
            _price[i] = Math.Max(1, _price[i] + (_random.Next(2) == 0 ? -step : step));
        }
        return count;
    }

    /// <summary>One answer's body, e.g. <c>{"product0001":{"Category":"activation","Qty":45832,"Price":0.4118}, ...}</c>.</summary>
    public byte[] Body(int answer)
    {
        var buffer = new ArrayBufferWriter<byte>(PerAnswer * 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var p = 0; p < PerAnswer; p++)
            {
                var i = (answer * PerAnswer) + p;
                json.WriteStartObject(_products[p]);
                json.WriteString("Category", "activation");
                json.WriteNumber("Qty", _qty[i]);
                json.WriteNumber("Price", _price[i] / 10_000m);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

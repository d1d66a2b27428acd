// C# HttpClient with the key as a default Bearer header, as .NET API docs show it.
using System.Net.Http.Headers;
using System.Net.Http.Json;

var baseUrl = Environment.GetEnvironmentVariable("KEYWARD_BASE_URL");
using var client = new HttpClient { BaseAddress = new Uri(baseUrl!) };
client.DefaultRequestHeaders.Authorization =
    new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("KEYWARD_API_KEY"));

var me = await client.GetAsync("/api/v1/me");
me.EnsureSuccessStatusCode();
Console.WriteLine($"OK C# /me {await me.Content.ReadAsStringAsync()}");

var created = await client.PostAsJsonAsync("/api/v1/resources", new { name = "CSharp", type = "compute", config = new { cpu = 2 } });
created.EnsureSuccessStatusCode();
var resource = await created.Content.ReadFromJsonAsync<Dictionary<string, object>>();
Console.WriteLine($"OK C# created {resource!["id"]}");

var put = await client.PutAsJsonAsync($"/api/v1/resources/{resource["id"]}", new { name = "CSharp renamed", config = new { cpu = 4 } });
put.EnsureSuccessStatusCode();
var deleted = await client.DeleteAsync($"/api/v1/resources/{resource["id"]}");
Console.WriteLine($"OK C# deleted {await deleted.Content.ReadAsStringAsync()}");

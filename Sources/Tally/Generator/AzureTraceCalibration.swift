/// Distributions measured on a real LLM request trace, embedded so the generator needs no data file.
///
/// Source: `AzureLLMInferenceTrace_conv.csv` from the Azure Public Dataset (GitHub
/// `Azure/AzurePublicDataset`, `data/AzureLLMInferenceTrace_conv.csv`, blob
/// `5b9219f2caf93bbbf95ec29894e206115658e235`, SHA-256 `2f1e5b66…7d0bf8`), the conversation
/// service of the traces behind "Splitwise: Efficient generative LLM inference using phase
/// splitting" (Patel et al., ISCA 2024), CC-BY-4.0. 19,366 requests between 2023-11-16 18:15:46
/// and 19:14:08 (one hour; timestamps read as UTC).
///
/// How the tables were made (`GeneratorCalibrationTests` recomputes every one of them from the
/// CSV and checks they match, so they cannot drift from their source):
/// - `contextTokens`, `generatedTokens`: the 0th…100th percentiles of the `ContextTokens` and
///   `GeneratedTokens` columns, linear interpolation between order statistics (the "type 7"
///   definition: the quantile at `p` of `n` sorted values sits at index `p × (n − 1)`).
///   Spearman's rank correlation between the two columns is 0.07, so the generator draws them
///   independently.
/// - Each table's `tail` holds the quantiles at 99.0 %, 99.1 %, …, 100 % (same definition and
///   rounding), so the top percentile keeps its shape: with it the tables' means are within
///   0.3 % of the trace's (1,157.7 vs 1,154.7 context tokens, 211.2 vs 211.1 generated tokens).
/// - `localGaps`: the inter-arrival gaps, each multiplied by the request rate of the wall-clock
///   minute (counted from the first request) it ends in, i.e. gaps in units of that minute's mean
///   gap; minutes 0…57 only (minute 58 is partial). Percentiles 0…100, rounded to 4 decimals.
///   Their coefficient of variation is 1.03: within a minute the trace is close to Poisson.
/// - `minuteEnvelope`: requests per minute for minutes 0…57 divided by their mean (rounded to 3
///   decimals): the trace's burstiness is at this scale (191 to 507 requests per minute, far more
///   spread than Poisson noise around 334 would give).
///
/// The trace covers one hour, so it carries no daily or weekly pattern: the diurnal and weekend
/// curves in `DemoArrivals` are this project's own assumptions, not measurements.
public enum AzureTraceCalibration {
    /// Percentiles 0…100 of `ContextTokens` (input tokens per request).
    public static let contextTokens = QuantileTable([
        2, 29, 91, 161, 181, 181, 191, 197, 201, 203, 207, 212, 222, 242, 317, 372, 375, 378, 381, 384,
        387, 390, 392, 394, 395, 396, 398, 399, 400, 402, 403, 405, 406, 408, 411, 414, 419, 424, 433, 456,
        703, 862.65, 903, 946, 971.6, 984, 994, 1002, 1009, 1014, 1020, 1025, 1031, 1036, 1041, 1045, 1050,
        1055, 1060, 1065, 1071, 1076, 1081, 1086, 1092, 1097, 1102, 1109, 1116, 1122, 1130, 1139, 1147,
        1159.45, 1171, 1189, 1214.4, 1249, 1311, 1314, 1315, 1321, 1368.3, 1508, 1689.2, 1876.25, 2032,
        2221, 2401.2, 2584, 2734.5, 3291.15, 4073, 4076, 4079, 4083, 4086, 4090, 4098, 4142, 14050,
    ], tail: [4142, 4150.43, 4159, 4240.45, 4614.07, 4831, 5021.08, 5277, 5652, 6179.15, 14050])

    /// Percentiles 0…100 of `GeneratedTokens` (output tokens per request).
    public static let generatedTokens = QuantileTable([
        7, 16, 24, 32, 38, 41, 44, 47, 49, 52, 54, 57, 59, 62, 64, 67, 69, 71, 73, 75, 77, 79, 81, 82, 84,
        85, 86, 87, 89, 90, 91, 92, 93, 94, 95, 96, 97, 99, 100, 101, 103, 105, 107, 108, 110, 113, 116,
        118, 122, 125, 129, 133, 137, 141, 145, 151, 156, 161, 163, 169, 177, 182, 190, 201.95, 216, 217,
        237, 371, 375, 378, 384, 387, 390, 393, 394, 395, 396, 396, 397, 398, 400, 402, 404, 407, 410, 411,
        414, 415, 417, 420, 424, 428, 429, 433, 442, 451, 468, 509, 540, 601, 1000,
    ], tail: [601, 607, 614, 621.445, 629.81, 643.175, 658, 674.905, 916.54, 954, 1000])

    /// Percentiles 0…100 of inter-arrival gaps in units of their minute's mean gap (mean ≈ 1).
    public static let localGaps = QuantileTable([
        0, 0.0029, 0.0083, 0.015, 0.0254, 0.0376, 0.0477, 0.0588, 0.0704, 0.0822, 0.0938, 0.1057, 0.1178,
        0.129, 0.1411, 0.153, 0.1656, 0.1757, 0.1883, 0.2001, 0.2133, 0.226, 0.2382, 0.2509, 0.2646, 0.2775,
        0.2908, 0.3054, 0.3206, 0.3332, 0.3471, 0.3605, 0.3742, 0.3886, 0.4042, 0.4205, 0.4341, 0.4497,
        0.4658, 0.4827, 0.4992, 0.5137, 0.5308, 0.5504, 0.566, 0.582, 0.6015, 0.6198, 0.6385, 0.6583,
        0.6794, 0.7007, 0.7218, 0.7437, 0.7654, 0.7872, 0.8105, 0.8353, 0.862, 0.8871, 0.9114, 0.936,
        0.9612, 0.987, 1.0163, 1.0474, 1.0738, 1.1082, 1.1402, 1.1732, 1.2079, 1.2405, 1.2788, 1.3125,
        1.3512, 1.3917, 1.4341, 1.4763, 1.523, 1.5701, 1.6163, 1.6686, 1.7226, 1.7786, 1.8367, 1.8968,
        1.9623, 2.0329, 2.1198, 2.2007, 2.3073, 2.4296, 2.5459, 2.6866, 2.8555, 3.0369, 3.2696, 3.5954,
        3.9809, 4.7045, 13.7347,
    ], tail: [4.7045, 4.801, 4.93, 5.086, 5.202, 5.3903, 5.6557, 5.9696, 6.2889, 7.2354, 13.7347])

    /// Requests per minute over the trace's 58 whole minutes, divided by their mean.
    public static let minuteEnvelope: [Double] = [
        0.573, 0.795, 0.987, 1.059, 0.921, 0.819, 0.804, 0.783, 0.966, 0.894, 0.903, 0.906, 1.035, 0.978,
        0.849, 0.837, 0.84, 0.924, 1.029, 1.053, 1.053, 1.029, 1.224, 1.188, 1.158, 1.194, 1.296, 1.44,
        1.428, 1.359, 1.344, 1.521, 1.314, 1.239, 1.269, 1.254, 1.395, 0.933, 0.987, 0.948, 0.999, 1.065,
        0.957, 1.08, 1.002, 1.125, 0.99, 0.747, 0.663, 0.747, 0.795, 0.84, 0.768, 0.762, 0.726, 0.78,
        0.738, 0.675,
    ]
}

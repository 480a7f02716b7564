using OurSociety.Core.Work;

namespace OurSociety.Federation.Delivery;

/// <summary>Wakes the delivery worker when deliveries were committed (the work queue has its own signal).</summary>
public sealed class DeliverySignal(TimeProvider time) : WorkSignal(time);
